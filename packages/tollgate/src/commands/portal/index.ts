export { createPortalSession, type CreatePortalSessionInput, type PortalFlow } from './create-session.ts';
