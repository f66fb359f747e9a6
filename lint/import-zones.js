// An ESLint rule that keeps the layers apart by where an import LEADS, not by how it is spelled:
// every relative specifier is resolved against the importing file and the resulting repository path
// is checked against the zone's allowed or forbidden folders. `no-restricted-imports` only matches
// the text, so `../electron/core/runner/runner` from shared/ slipped through it. Packages (bare
// specifiers) are left to `no-restricted-imports`; this project has no path aliases.
//
// Options: { root, allow?: string[], forbid?: string[], message }
//   root   — the repository folder (eslint.config.js passes its own folder)
//   allow  — repository folders the file may import from; anything else is refused
//   forbid — repository folders the file may not import from
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

const toPosix = (p) => p.split(sep).join('/');

/** Is `path` (repository-relative, posix) the folder `folder` or inside it? */
const within = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/** The repository-relative target of a relative specifier, or null for a package name. */
export function resolveSpecifier(root, filename, specifier) {
  if (typeof specifier !== 'string' || !(specifier.startsWith('.') || isAbsolute(specifier))) return null;
  return toPosix(relative(root, resolve(dirname(filename), specifier)));
}

/** The zone's verdict on one target: null when allowed, else the folder rule it breaks. */
export function zoneViolation(target, zone) {
  if (target.startsWith('../') || target === '..') return 'outside the repository';
  if (zone.allow && !zone.allow.some((folder) => within(target, folder))) return `outside ${zone.allow.join(', ')}`;
  const hit = (zone.forbid ?? []).find((folder) => within(target, folder));
  return hit === undefined ? null : hit;
}

export const importZones = {
  meta: {
    type: 'problem',
    docs: { description: 'Refuse imports that resolve into a folder this layer must not depend on.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          allow: { type: 'array', items: { type: 'string' } },
          forbid: { type: 'array', items: { type: 'string' } },
          message: { type: 'string' },
        },
        required: ['root', 'message'],
        additionalProperties: false,
      },
    ],
    messages: { refused: '{{target}} ({{rule}}): {{message}}' },
  },
  create(context) {
    const zone = context.options[0];
    const check = (node, source) => {
      if (!source || source.type !== 'Literal') return;
      const target = resolveSpecifier(zone.root, context.filename, source.value);
      if (target === null) return;
      const rule = zoneViolation(target, zone);
      if (rule !== null) context.report({ node, messageId: 'refused', data: { target, rule, message: zone.message } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // `import('../x').T` in a type position, and `import x = require('../x')`.
      TSImportType: (node) => {
        // typescript-eslint 8 names the specifier `source` (older versions: `argument`, a literal type).
        const arg = node.source ?? node.argument;
        check(node, arg?.type === 'TSLiteralType' ? arg.literal : arg);
      },
      TSExternalModuleReference: (node) => check(node, node.expression),
    };
  },
};

export default { rules: { 'import-zones': importZones } };
