/** People's tokens live this long; then the console asks them to log in again. */
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
