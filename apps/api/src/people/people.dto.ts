import { POSTS, type Post } from '@duty-ledger/domain/shared/vocabulary';
import { CalendarDate, Id, Name, OneOf, OptionalId } from '../commands/fields';

export class RegisterPersonDto {
  @OptionalId() personId?: string;
  @Name('张三') name!: string;
}

/** Appoint and relieve take the same body. */
export class PostTenureDto {
  @Id() unitId!: string;
  @OneOf(POSTS.values) post!: Post;
  @CalendarDate() effectiveFrom!: string;
}
