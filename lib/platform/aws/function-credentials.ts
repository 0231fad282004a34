/** The function's own credentials, as Lambda sets them in its environment: for the requests signed without an SDK client (aws4fetch). */
export const functionCredentials = (env: NodeJS.ProcessEnv = process.env) => ({
  accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
  secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
  sessionToken: env.AWS_SESSION_TOKEN,
});
