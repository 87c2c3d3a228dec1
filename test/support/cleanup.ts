import { removeTempDirs } from './database';

// Runs in every test file (jest's setupFilesAfterEnv): its temporary folders (SQLite files, copied content) go once its tests are done.
afterAll(() => {
  removeTempDirs();
});
