import { removeTempDbDirs } from './database';

// Runs in every test file (jest's setupFilesAfterEnv): its SQLite files go once its tests are done.
afterAll(() => {
  removeTempDbDirs();
});
