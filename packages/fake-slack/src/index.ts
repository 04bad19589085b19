export { createFakeSlack } from './server.js';
export { checkOptionsAnswer } from './select-menus.js';
export {
  DEFAULT_APP_ID,
  DEFAULT_BOT_ID,
  DEFAULT_BOT_USER_ID,
  DEFAULT_TEAM_ID,
  RESPONSE_URL_MAX_USES,
} from './defaults.js';
export type {
  ActivityKind,
  ApiCall,
  ChannelRate,
  EphemeralMessage,
  FakeSlack,
  FakeSlackOptions,
  OpenedView,
  PublishedView,
  Reaction,
  ResponseRecord,
  SlackMessage,
} from './types.js';
