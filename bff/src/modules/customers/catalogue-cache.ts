import type { TagCatalogueGroup } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import type { RecoProduct } from '../recommendations';

export interface Catalogue {
  /** Products on sale, as the recommendation rules see them. */
  products: RecoProduct[];
  /** Corp tags that are not deleted, by group (WeCom order: higher `order` first). */
  tagGroups: TagCatalogueGroup[];
  tagIds: Set<string>;
}

/**
 * The product shelf and the corp tag catalogue change rarely and are the same for every customer: read once and kept
 * for a short while (default 30 s), one load in flight at a time.
 */
export class CatalogueCache {
  private value: Catalogue | undefined;
  private loadedAt = 0;
  private inFlight: Promise<Catalogue> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs = 30_000,
  ) {}

  async get(): Promise<Catalogue> {
    if (this.value && Date.now() - this.loadedAt < this.ttlMs) return this.value;
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  invalidate(): void {
    this.value = undefined;
  }

  private async load(): Promise<Catalogue> {
    const [products, tags] = await Promise.all([
      this.prisma.product.findMany({
        where: { onSale: true },
        select: { id: true, name: true, category: true, riskLevel: true, minAmountFen: true, termDays: true },
        orderBy: { id: 'asc' },
      }),
      this.prisma.tag.findMany({ where: { deleted: false }, select: { id: true, name: true, groupId: true, groupName: true }, orderBy: [{ groupId: 'asc' }, { order: 'desc' }, { id: 'asc' }] }),
    ]);
    const groups = new Map<string, TagCatalogueGroup>();
    for (const t of tags) {
      let g = groups.get(t.groupId);
      if (!g) {
        g = { groupId: t.groupId, groupName: t.groupName, tags: [] };
        groups.set(t.groupId, g);
      }
      g.tags.push({ id: t.id, name: t.name });
    }
    const value: Catalogue = {
      products: products.map((p) => ({ id: p.id, name: p.name, category: p.category, riskLevel: p.riskLevel, minAmountFen: p.minAmountFen, termDays: p.termDays })),
      tagGroups: [...groups.values()],
      tagIds: new Set(tags.map((t) => t.id)),
    };
    this.value = value;
    this.loadedAt = Date.now();
    return value;
  }
}
