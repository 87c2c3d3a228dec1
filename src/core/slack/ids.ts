/** A Slack user id (U… or, on Enterprise Grid, W…). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function isSlackUserId(id: string): boolean {
  return SLACK_USER_ID.test(id);
}
