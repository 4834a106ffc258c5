import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type {
  AttentionItem,
  AttentionResponse,
} from '@ml-marketplace/plugin-ml-common';
import type { CertificationStore } from '../../database/CertificationStore';
import type { MarketplaceIndex } from './MarketplaceIndex';

/** Certificates expiring within this many days need attention. */
const EXPIRY_DAYS = 30;
const DAY_MS = 86_400_000;

const ORDER = { failing: 0, expiring: 1, deprecatedConsumed: 2 } as const;

/**
 * What needs a team's attention on the ML home page: their assets that fail
 * an error-level check, whose certificate expires within 30 days, or that
 * are deprecated while others still read them. A caller whose teams own no
 * ML asset sees everyone's, so the page is never blank.
 */
export class AttentionService {
  constructor(
    private readonly options: {
      marketplace: MarketplaceIndex;
      certificates: CertificationStore;
      userInfo: UserInfoService;
      now?: () => Date;
    },
  ) {}

  async attention(
    credentials: BackstageCredentials,
  ): Promise<AttentionResponse> {
    const { marketplace, certificates, userInfo } = this.options;
    const assets = await marketplace.readableAssets(credentials);
    const claims = new Set(
      credentials.principal && (credentials.principal as any).type === 'user'
        ? (await userInfo.getUserInfo(credentials)).ownershipEntityRefs.map(r =>
            r.toLocaleLowerCase('en-US'),
          )
        : [],
    );
    const mine = assets.filter(a => a.owner && claims.has(a.owner));
    const scope = mine.length ? 'mine' : 'everyone';
    const considered = mine.length ? mine : assets;
    const certs = await certificates.certificates(considered.map(a => a.ref));
    const now = (this.options.now?.() ?? new Date()).getTime();

    const items: AttentionItem[] = [];
    for (const asset of considered) {
      const reasons: AttentionItem['reasons'] = [];
      if (asset.health === 'fail') {
        reasons.push({
          kind: 'failing',
          text: 'Fails an error-level health check',
        });
      }
      const cert = certs.get(asset.ref);
      const expires =
        cert?.level && cert.expires_at && Date.parse(cert.expires_at);
      if (expires && expires - now < EXPIRY_DAYS * DAY_MS) {
        const days = Math.ceil((expires - now) / DAY_MS);
        reasons.push({
          kind: 'expiring',
          text:
            days <= 0
              ? `Its ${
                  cert!.level
                } certificate expired on ${cert!.expires_at!.slice(0, 10)}`
              : `Its ${
                  cert!.level
                } certificate expires on ${cert!.expires_at!.slice(
                  0,
                  10,
                )} (in ${days} day${days === 1 ? '' : 's'})`,
        });
      }
      if (asset.lifecycle === 'deprecated' && asset.consumers > 0) {
        reasons.push({
          kind: 'deprecatedConsumed',
          text: `Deprecated, still read by ${asset.consumers} entit${
            asset.consumers === 1 ? 'y' : 'ies'
          }`,
        });
      }
      if (reasons.length) items.push({ asset, reasons });
    }
    items.sort(
      (a, b) =>
        ORDER[a.reasons[0].kind] - ORDER[b.reasons[0].kind] ||
        (a.asset.title ?? a.asset.name).localeCompare(
          b.asset.title ?? b.asset.name,
        ),
    );
    const labels: Record<string, string> = {};
    for (const { asset } of items) {
      const title = asset.owner && marketplace.titleOf(asset.owner);
      if (title) labels[asset.owner!] = title;
    }
    return {
      scope,
      owners:
        scope === 'mine' ? [...new Set(mine.map(a => a.owner!))].sort() : [],
      items,
      labels,
    };
  }
}
