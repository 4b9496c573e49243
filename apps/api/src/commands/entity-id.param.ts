import { BadRequestException, Param, type PipeTransform } from '@nestjs/common';

const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

class EntityIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!ENTITY_ID.test(value)) throw new BadRequestException(`${this.name} must match ${ENTITY_ID.source}`);
    return value;
  }
}

/** A path id, held to the same pattern as ids in bodies (a malformed one is a 400, not a 404). */
export const EntityIdParam = (name: string) => Param(name, new EntityIdPipe(name));
