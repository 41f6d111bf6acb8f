export * from './api-key';
export * from './api-key.guard';
export * from './authenticated-caller';
export * from './cached-authenticator';
export * from './credential-input';
export * from './presented-api-key';
export * from './public.decorator';
export * from './key-store';
