/** "Show more" under a paged list. */
import type { Paged } from '../../hooks/usePaged';

export const MoreButton = ({ list }: { readonly list: Paged<unknown> }) =>
  list.hasMore ? (
    <div className="more">
      <button type="button" className="btn" onClick={list.more} disabled={list.loadingMore}>
        {list.loadingMore ? 'Loading…' : 'Show more'}
      </button>
    </div>
  ) : null;
