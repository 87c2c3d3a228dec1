import type { Feature } from './core/feature';
import { depsFor, type AppDeps } from './deps';
import { calendarFeature } from './features/calendar/feature';
import { enrolmentFeature } from './features/enrolment/feature';
import { faqFeature } from './features/faq/feature';
import { homeFeature } from './features/home/feature';
import type { HomeRefresher } from './features/home';
import { nudgeHomeSection } from './features/nudges';
import { nudgesFeature } from './features/nudges/feature';
import { oneOnOnesFeature } from './features/oneOnOnes/feature';
import { privacyFeature } from './features/privacy/feature';
import { summaryHomeSection } from './features/summaries';
import { summariesFeature } from './features/summaries/feature';
import { timeLogFeature } from './features/timelog/feature';

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
