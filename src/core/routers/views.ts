import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';

export type ViewHandler = (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => Promise<void>;

/** Where features register their modal submissions, with the same call shape as Bolt's `app.view`. */
export interface ViewRoutes {
  view(callbackId: string, handler: ViewHandler): void;
}

/** Modal submissions by callback_id, looked up by the dispatcher (./dispatch.ts). */
export function createViewRoutes(): ViewRoutes & { find(callbackId: string): ViewHandler | undefined } {
  const handlers = new Map<string, ViewHandler>();
  return {
    view(callbackId, handler) {
      if (handlers.has(callbackId)) throw new Error(`Two handlers for view callback_id ${callbackId}`);
      handlers.set(callbackId, handler);
    },
    find: (callbackId) => handlers.get(callbackId),
  };
}
