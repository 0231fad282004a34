import { HubError } from '../platform/errors.ts';

/** Operator accounts and sign-in: what went wrong, mapped to HTTP once in base-app. */
export class OperatorError extends HubError {}

export const operatorExists = (name: string) => new OperatorError('conflict', 'operator_exists', `operator ${name} already exists; revoke it first`);
export const operatorNotFound = () => new OperatorError('not_found', 'operator_not_found', 'no active operator with that name');
export const notSignedIn = (message = 'sign in or send Authorization: Bearer <token>') => new OperatorError('unauthorized', 'unauthorized', message);
export const forbidden = (message: string) => new OperatorError('forbidden', 'forbidden', message);
export const csrfFailed = (message: string) => new OperatorError('forbidden', 'csrf_failed', message);
