import type { Projection } from '@duty-ledger/read-store/projection';
import { dutiesProjection } from './duties/duties.projection';
import { peopleProjection } from './people/people.projection';
import { postsProjection } from './posts/posts.projection';
import { unitsProjection } from './units/units.projection';

/** Every read model's projection: the list the runner (inline or apps/projector) is handed. */
export const ALL_PROJECTIONS: readonly Projection[] = [unitsProjection, postsProjection, peopleProjection, dutiesProjection];
