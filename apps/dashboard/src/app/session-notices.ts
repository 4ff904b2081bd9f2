export const KEY_REJECTED_NOTICE = 'You were signed out because the API key was rejected (401). Sign in with a valid admin key.';
