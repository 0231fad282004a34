/** Local endpoints get dummy credentials: the emulators accept any, and a developer's real AWS profile must never be picked up by accident. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
