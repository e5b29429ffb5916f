import type { Role } from '../../domain/index.ts';
import type { Actor, Grant } from './actor.ts';

const rolesByPermission = new Map<string, readonly Role[]>();

/**
 * Each module states its rules in its policy.ts with this function; the guard reads them from here.
 * Returns the permission names so routes refer to them without string typos.
 */
export function definePermissions<const T extends Record<string, readonly Role[]>>(
  permissions: T,
): { [K in keyof T]: K } {
  const names = {} as { [K in keyof T]: K };
  for (const [name, roles] of Object.entries(permissions)) {
    if (rolesByPermission.has(name)) throw new Error(`permission ${name} defined twice`);
    rolesByPermission.set(name, roles);
    (names as Record<string, string>)[name] = name;
  }
  return names;
}

export function rolesWithPermission(permission: string): readonly Role[] {
  const roles = rolesByPermission.get(permission);
  if (!roles) throw new Error(`unknown permission ${permission}`);
  return roles;
}

export function grantsFor(actor: Actor, permission: string): Grant[] {
  const roles = rolesWithPermission(permission);
  return actor.grants.filter((grant) => roles.includes(grant.role));
}

export function knownPermissions(): string[] {
  return [...rolesByPermission.keys()];
}
