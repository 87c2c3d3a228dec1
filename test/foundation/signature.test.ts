import { isValidSlackRequest } from '@slack/bolt';

import { slackSignature } from '../support/signing';

// The worked example from Slack's "Verifying requests from Slack" page (also used by bolt-js's receiver tests).
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const EXPECTED = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe("signature checking with Slack's documented example", () => {
  it('the test signer computes the documented signature', () => {
    expect(slackSignature(SIGNING_SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
  });

  function check(signature: string, body = BODY, nowMs = TIMESTAMP * 1000): boolean {
    return isValidSlackRequest({
      signingSecret: SIGNING_SECRET,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': TIMESTAMP },
      nowMilliseconds: nowMs,
    });
  }

  it("Bolt's verifier (what the receiver uses) accepts it", () => {
    expect(check(EXPECTED)).toBe(true);
  });

  it('rejects a changed body, a wrong signature, and a timestamp more than 5 minutes old', () => {
    expect(check(EXPECTED, BODY.replace('roadrunner', 'coyote'))).toBe(false);
    expect(check(EXPECTED.replace(/.$/, '0'))).toBe(false);
    expect(check(EXPECTED, BODY, (TIMESTAMP + 5 * 60 + 1) * 1000)).toBe(false);
  });
});
