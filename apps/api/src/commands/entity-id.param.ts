import { BadRequestException, Param, type PipeTransform } from '@nestjs/common';
import { documentPathParam } from '../platform/openapi/path-param';
import { ENTITY_ID } from '../platform/validation/validators';

class EntityIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!ENTITY_ID.test(value)) throw new BadRequestException(`${this.name} must match ${ENTITY_ID.source}`);
    return value;
  }
}

/** A path id, held to the same pattern as ids in bodies (a malformed one is a 400, not a 404). */
export const EntityIdParam = (name: string): ParameterDecorator => (target, key, index) => {
  Param(name, new EntityIdPipe(name))(target, key, index);
  documentPathParam(target, key, { name, schema: { type: 'string', pattern: ENTITY_ID.source } });
};
