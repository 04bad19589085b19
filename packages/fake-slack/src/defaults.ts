// Identities shared by the fake Slack and the request builders, so a default event matches a default fake.

export const DEFAULT_TEAM_ID = 'T0TEAM';
export const DEFAULT_BOT_USER_ID = 'U0BOT';
export const DEFAULT_BOT_ID = 'B0BOT';
export const DEFAULT_APP_ID = 'A0PAIBOT';

/** Slack's response_url budget: 5 uses (the 30-minute expiry is not modelled). */
export const RESPONSE_URL_MAX_USES = 5;
