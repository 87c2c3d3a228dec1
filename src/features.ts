import type { Feature } from './core/feature';
import { depsFor, type AppDeps } from './deps';
import { calendarFeature } from './features/calendar';
import { enrolmentFeature } from './features/enrolment';
import { faqFeature } from './features/faq';
import { homeFeature, type HomeRefresher } from './features/home';
import { nudgeHomeSection, nudgesFeature } from './features/nudges';
import { oneOnOnesFeature } from './features/oneOnOnes';
import { privacyFeature } from './features/privacy';
import { summariesFeature, summaryHomeSection } from './features/summaries';
import { timeLogFeature } from './features/timelog';

/**
 * Every feature, in the order `/lead help` lists their commands, each built from its own slice of the
 * dependencies. Adding a feature: one `depsFor` slice and one entry here (see src/README.md).
 */
export function buildFeatures(deps: AppDeps) {
  const shared = ['clock', 'coaching', 'logger', 'transactor'] as const;
  const nudgeDeps = depsFor(deps, [...shared, 'config', 'calendar'], ['managers', 'nudgeSettings', 'oneOnOnes', 'timeEntries', 'timeLogActions', 'targets', 'deliveries']);
  const summaryDeps = depsFor(deps, [...shared, 'config', 'calendar'], ['managers', 'summary', 'timeEntries', 'targets', 'deliveries', 'nudgeSettings', 'oneOnOnes']);
  const home = homeFeature({
    ...depsFor(deps, shared, ['managers', 'timeEntries', 'targets']),
    sections: [summaryHomeSection(summaryDeps), nudgeHomeSection(nudgeDeps)],
  });
  const refreshHome: HomeRefresher = home.refresh;
  const enrolment = enrolmentFeature({
    ...depsFor(deps, [...shared, 'config'], ['managers', 'invitations', 'nudgeSettings', 'oneOnOnes', 'deliveries']),
    refreshHome: (client, userId) => refreshHome(client, userId),
  });
  const features: Feature[] = [
    faqFeature({ ...depsFor(deps, ['clock', 'logger', 'faqQuestions'], ['faq']), resolveManager: enrolment.resolveManager }),
    timeLogFeature({ ...depsFor(deps, shared, ['timeEntries', 'timeLogActions', 'targets', 'managers']), refreshHome }),
    privacyFeature({ ...depsFor(deps, ['clock', 'coaching', 'logger', 'config'], ['personalData', 'timeEntries', 'targets', 'managers', 'calendars']), refreshHome }),
    summariesFeature({ ...summaryDeps, refreshHome }),
    nudgesFeature({ ...nudgeDeps, refreshHome }),
    oneOnOnesFeature(depsFor(deps, ['clock', 'logger'], ['oneOnOnes'])),
    calendarFeature(depsFor(deps, [...shared, 'config'], ['calendars', 'managers', 'oneOnOnes', 'timeEntries', 'timeLogActions', 'deliveries'])),
    enrolment,
    home,
  ];
  return { features, enrolment, refreshHome };
}
