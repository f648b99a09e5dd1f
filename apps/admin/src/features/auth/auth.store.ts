import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiProblem, api, asProblem, type Schemas, unwrap } from '../../api';
import { type Access, accessOf, historyAccessOf } from './access';

type Me = Schemas['MeDto'];

/** sessionStorage, not localStorage: a token dies with its tab, and is never shared with another tab's person. */
export const SESSION_KEY = 'ccp.session';

interface StoredSession {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

function readSession(storage: Storage | undefined, now: number): StoredSession | null {
  try {
    const raw = storage?.getItem(SESSION_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof session.token !== 'string' || typeof session.expiresAt !== 'number' || session.expiresAt <= now) {
      storage?.removeItem(SESSION_KEY);
      return null;
    }
    return { token: session.token, expiresAt: session.expiresAt };
  } catch {
    return null;
  }
}

const storage = (): Storage | undefined => (typeof sessionStorage === 'undefined' ? undefined : sessionStorage);

/** The signed-in person: the token (kept in sessionStorage) and `GET /me` (user, account, features, permissions). */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<StoredSession | null>(readSession(storage(), Date.now()));
  const me = ref<Me | null>(null);
  const loggingIn = ref(false);
  const loginProblem = ref<ApiProblem | null>(null);

  const token = computed(() => session.value?.token ?? null);
  const signedIn = computed(() => session.value !== null);
  const access = computed<Access | null>(() => (me.value ? accessOf(me.value) : null));
  /** ACC-5: whether the call history may be opened (View Call History), and why not. */
  const historyAccess = computed<Access | null>(() => (me.value ? historyAccessOf(me.value) : null));
  /** ACC-2: recording settings may be changed; the history's holds, erasures and retention need it too (ACC-5). */
  const canEdit = computed(() => access.value?.kind === 'granted');

  function remember(next: StoredSession | null): void {
    session.value = next;
    if (next) storage()?.setItem(SESSION_KEY, JSON.stringify(next));
    else storage()?.removeItem(SESSION_KEY);
  }

  /** True when signed in; a refusal is kept in `loginProblem` for the form (wrong password, too many attempts). */
  async function login(email: string, password: string): Promise<boolean> {
    loggingIn.value = true;
    loginProblem.value = null;
    try {
      const { data } = await unwrap(api().POST('/auth/login', { body: { email, password } }));
      remember({ token: data.token, expiresAt: Date.now() + data.expiresIn * 1000 });
      me.value = data.me;
      return true;
    } catch (error) {
      loginProblem.value = asProblem(error);
      return false;
    } finally {
      loggingIn.value = false;
    }
  }

  /** Reads `GET /me` for a session restored from storage; a 401 ends the session. */
  async function loadMe(): Promise<Me | null> {
    if (!session.value) return null;
    try {
      const { data } = await unwrap(api().GET('/me'));
      me.value = data;
      return data;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) {
        forget();
        return null;
      }
      throw error;
    }
  }

  /**
   * Log out: the API ends the token first (`POST /auth/logout`: refused from then on, on every replica,
   * so a copy of it is worth nothing either), then the console forgets it. Forgotten whatever the API
   * answers: unreachable or 503, the person still leaves, and the token expires on its own.
   */
  async function logout(): Promise<void> {
    if (session.value) {
      try {
        await api().POST('/auth/logout');
      } catch {
        // Unreachable (an answer, even a problem, is returned, not thrown): forgotten below all the same.
      }
    }
    forget();
  }

  /** Forgets the session here only: for a token the API refused already (expired or ended), nothing to end there. */
  function forget(): void {
    remember(null);
    me.value = null;
  }

  return { token, signedIn, me, access, historyAccess, canEdit, loggingIn, loginProblem, login, loadMe, logout, forget };
});
