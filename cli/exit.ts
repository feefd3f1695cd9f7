/**
 * Exit codes, the same for every command:
 * 0 success; 1 a negative result (invalid token, failed check, tampered log); 2 bad usage,
 * unreadable input, or an environment that prevents the operation (e.g. no keychain).
 */
export const exitCodes = { ok: 0, negative: 1, usage: 2 } as const
