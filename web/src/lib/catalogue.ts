/** The service list: categories with their items, read once per visit. */
import type { ApiClient } from '../api/client';
import type { Category, List, ServiceItem } from '../api/types';

export interface CatalogueGroup {
  category: Category;
  items: ServiceItem[];
}

let cached: Promise<CatalogueGroup[]> | null = null;

async function allItems(api: ApiClient): Promise<ServiceItem[]> {
  const items: ServiceItem[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: List<ServiceItem> = await api.get<List<ServiceItem>>(`/api/v1/service-items?limit=100${query}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export function loadCatalogue(api: ApiClient, fresh = false): Promise<CatalogueGroup[]> {
  if (!cached || fresh) {
    cached = Promise.all([api.get<List<Category>>('/api/v1/categories'), allItems(api)])
      .then(([cats, items]) =>
        cats.items.map((category) => ({
          category,
          items: items.filter((i) => i.category === category.code),
        })),
      )
      .catch((e) => {
        cached = null;
        throw e;
      });
  }
  return cached;
}
