import {
  BackstageIdentityApi,
  BackstageIdentityResponse,
  DiscoveryApi,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
  SessionState,
  createApiRef,
} from '@backstage/core-plugin-api';
import type { Observable } from '@backstage/types';

type Observer = { next?(state: SessionState): void };

/** The demo's "Enter as the reviewer" sign-in (see the backend's demoReviewerProvider). */
export const demoReviewerAuthApiRef = createApiRef<
  ProfileInfoApi & BackstageIdentityApi & SessionApi
>({ id: 'app.auth.demo-reviewer' });

/** The demo's "Enter as an owner" sign-in: a member of an owning team. */
export const demoOwnerAuthApiRef = createApiRef<
  ProfileInfoApi & BackstageIdentityApi & SessionApi
>({ id: 'app.auth.demo-owner' });

interface Session {
  profile: ProfileInfo;
  identity: BackstageIdentityResponse;
  expiresAt: number;
}

/**
 * A session against one of the backend's demo proxy providers
 * (`demo-reviewer`, `demo-owner`): every refresh signs in again as the
 * configured person, so there is nothing to store but the current token.
 */
export class DemoReviewerAuth
  implements ProfileInfoApi, BackstageIdentityApi, SessionApi
{
  private session?: Session;
  private readonly observers = new Set<Observer>();

  constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly providerId = 'demo-reviewer',
  ) {}

  private async refresh(): Promise<Session> {
    const base = await this.discoveryApi.getBaseUrl('auth');
    const response = await fetch(`${base}/${this.providerId}/refresh`, {
      credentials: 'include',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!response.ok) {
      throw new Error(
        `Signing in with ${this.providerId} failed: ${
          response.status
        } ${await response.text()}`,
      );
    }
    const body = await response.json();
    const identity: BackstageIdentityResponse = body.backstageIdentity;
    this.session = {
      profile: body.profile ?? {},
      identity,
      // Refresh a minute before the token expires.
      expiresAt:
        Date.now() +
        ((body.backstageIdentity.expiresInSeconds ?? 3600) - 60) * 1000,
    };
    this.observers.forEach(o => o.next?.(SessionState.SignedIn));
    return this.session;
  }

  private async current(optional?: boolean): Promise<Session | undefined> {
    if (this.session && this.session.expiresAt > Date.now()) {
      return this.session;
    }
    try {
      return await this.refresh();
    } catch (error) {
      if (optional) return undefined;
      throw error;
    }
  }

  async getBackstageIdentity(options?: { optional?: boolean }) {
    return (await this.current(options?.optional))?.identity;
  }

  async getProfile(options?: { optional?: boolean }) {
    return (await this.current(options?.optional))?.profile;
  }

  async signIn() {
    await this.refresh();
  }

  async signOut() {
    this.session = undefined;
    this.observers.forEach(o => o.next?.(SessionState.SignedOut));
  }

  sessionState$(): Observable<SessionState> {
    const observers = this.observers;
    const current = () =>
      this.session ? SessionState.SignedIn : SessionState.SignedOut;
    return {
      [Symbol.observable]() {
        return this;
      },
      subscribe(observerOrNext?: any) {
        const observer: Observer =
          typeof observerOrNext === 'function'
            ? { next: observerOrNext }
            : observerOrNext ?? {};
        observers.add(observer);
        observer.next?.(current());
        return {
          closed: false,
          unsubscribe() {
            observers.delete(observer);
            this.closed = true;
          },
        };
      },
    } as unknown as Observable<SessionState>;
  }
}
