import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  isEnumType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
  validate,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { createGitHubSchema } from './graphql-schema.js';

/**
 * GitHub's public GraphQL schema as published in `@octokit/graphql-schema` (the introspection GitHub serves), for
 * checking that the documents Forgebell sends, and the fake's own schema subset, are what GitHub accepts.
 */
let cached: GraphQLSchema | null = null;

export function githubPublicSchema(): GraphQLSchema {
  if (cached) return cached;
  // Read from the package's files rather than imported: its TypeScript types (1.3 MB) would slow every typecheck.
  const file = new URL('schema.json', import.meta.resolve('@octokit/graphql-schema'));
  cached = buildClientSchema(JSON.parse(readFileSync(file, 'utf8')) as IntrospectionQuery);
  return cached;
}

/** What GitHub's public schema says about a document: the validation messages (empty when it is valid). */
export function validateAgainstGitHub(query: string): string[] {
  return validate(githubPublicSchema(), parse(query)).map((error) => error.message);
}

/**
 * Where the fake's schema differs from GitHub's: a type, field or argument the fake has and GitHub lacks, or one
 * whose type differs (so the fake can never accept a document GitHub would reject for those names).
 */
export function fakeSchemaDrift(): string[] {
  const real = githubPublicSchema();
  const fake = createGitHubSchema();
  const drift: string[] = [];
  for (const type of Object.values(fake.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const counterpart = real.getType(type.name);
    if (!counterpart) {
      drift.push(`type ${type.name} does not exist on GitHub`);
      continue;
    }
    if (counterpart.constructor !== type.constructor) {
      drift.push(`${type.name} is a ${counterpart.constructor.name} on GitHub, not a ${type.constructor.name}`);
      continue;
    }
    if (isEnumType(type) && isEnumType(counterpart)) {
      const values = new Set(counterpart.getValues().map((v) => v.name));
      for (const value of type.getValues())
        if (!values.has(value.name)) drift.push(`${type.name}.${value.name} is not a value on GitHub`);
    }
    if (isUnionType(type) && isUnionType(counterpart)) {
      const members = new Set(counterpart.getTypes().map((t) => t.name));
      for (const member of type.getTypes())
        if (!members.has(member.name)) drift.push(`${member.name} is not a member of ${type.name} on GitHub`);
    }
    if (!(isObjectType(type) || isInterfaceType(type)) || !(isObjectType(counterpart) || isInterfaceType(counterpart)))
      continue;
    const realFields = counterpart.getFields();
    for (const field of Object.values(type.getFields())) {
      const realField = realFields[field.name];
      if (!realField) {
        drift.push(`${type.name}.${field.name} does not exist on GitHub`);
        continue;
      }
      if (String(realField.type) !== String(field.type))
        drift.push(
          `${type.name}.${field.name} is ${String(realField.type)} on GitHub, ${String(field.type)} in the fake`,
        );
      for (const arg of field.args) {
        const realArg = realField.args.find((a) => a.name === arg.name);
        if (!realArg) drift.push(`${type.name}.${field.name}(${arg.name}) does not exist on GitHub`);
        else if (String(realArg.type) !== String(arg.type))
          drift.push(`${type.name}.${field.name}(${arg.name}) is ${String(realArg.type)} on GitHub`);
      }
    }
    if (isObjectType(type) && isObjectType(counterpart)) {
      const interfaces = new Set(counterpart.getInterfaces().map((i) => i.name));
      for (const implemented of type.getInterfaces())
        if (!interfaces.has(implemented.name))
          drift.push(`${type.name} does not implement ${implemented.name} on GitHub`);
    }
  }
  return drift;
}
