export { createPortalSession, type CreatePortalSessionInput } from './create-session.ts';
