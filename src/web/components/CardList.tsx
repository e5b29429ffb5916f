import { Pagination, Skeleton } from 'antd';
import type { ReactNode } from 'react';

interface CardListProps<T> {
  loading: boolean;
  items: readonly T[] | undefined;
  renderItem: (item: T) => ReactNode;
  page?: number;
  pageSize?: number;
  total: number;
  onPage: (page: number) => void;
  empty: ReactNode;
}

/** The phone layout of a list page: cards, then simple paging that scrolls back to the top. */
export function CardList<T>({
  loading,
  items,
  renderItem,
  page = 1,
  pageSize = 20,
  total,
  onPage,
  empty,
}: CardListProps<T>) {
  if (loading) {
    return (
      <div className="nol-card-list">
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  }
  if (!items || items.length === 0) return <div className="nol-card-list">{empty}</div>;
  return (
    <div className="nol-card-list">
      {items.map(renderItem)}
      {total > pageSize ? (
        <Pagination
          className="nol-mobile-pagination"
          simple
          current={page}
          pageSize={pageSize}
          total={total}
          onChange={(next) => {
            onPage(next);
            window.scrollTo({ top: 0 });
          }}
        />
      ) : null}
    </div>
  );
}
