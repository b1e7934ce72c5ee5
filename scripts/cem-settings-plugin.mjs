/**
 * Custom-elements-manifest analyzer plugin: the element's settings come from the table in
 * src/internal/settings-table.ts (Lit creates their properties from it at run time, which the analyzer cannot
 * see), so this reads each row (its key, `attribute`, `initial`, the type argument of its `elementSetting` /
 * `pageSetting` call, and its JSDoc) and lists it on the element as a field and, when it has one, an attribute,
 * in the shape the analyzer gives `@property` fields.
 */
const TABLE_MODULE = 'src/internal/settings-table.ts';
const TABLE_NAME = 'SETTINGS';

export function settingsTablePlugin({ className }) {
  const rows = [];
  return {
    name: 'model-viewer-embed-settings-table',
    analyzePhase({ ts, node, moduleDoc }) {
      if (moduleDoc.path !== TABLE_MODULE || !ts.isVariableDeclaration(node)) return;
      if (node.name.getText() !== TABLE_NAME) return;
      let table = node.initializer;
      while (table && (ts.isAsExpression(table) || ts.isSatisfiesExpression(table))) table = table.expression;
      if (!table || !ts.isObjectLiteralExpression(table))
        throw new Error(`${TABLE_NAME} is not an object literal`);
      for (const property of table.properties) {
        const call = property.initializer;
        if (
          !ts.isPropertyAssignment(property) ||
          !ts.isCallExpression(call) ||
          call.typeArguments?.length < 1
        ) {
          throw new Error(
            `${TABLE_NAME}.${property.name?.getText()} is not a elementSetting<T>(…)/pageSetting<T, R>(…) row`,
          );
        }
        const options = call.arguments[0];
        const option = (name) =>
          options.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === name)
            ?.initializer;
        const attribute = option('attribute');
        const description = ts
          .getJSDocCommentsAndTags(property)
          .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
          .join('\n')
          .trim();
        if (!description) throw new Error(`${TABLE_NAME}.${property.name.getText()} has no JSDoc`);
        rows.push({
          name: property.name.getText(),
          type: { text: call.typeArguments[0].getText() },
          default: option('initial').getText(),
          description,
          attribute: attribute && ts.isStringLiteral(attribute) ? attribute.text : undefined,
        });
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      if (rows.length === 0) throw new Error(`no rows found in ${TABLE_MODULE}`);
      const element = customElementsManifest.modules
        .flatMap((module) => module.declarations ?? [])
        .find((declaration) => declaration.customElement && declaration.name === className);
      if (!element) throw new Error(`${className} not found`);
      const fields = rows.map(({ name, type, default: initial, description, attribute }) => ({
        kind: 'field',
        name,
        type,
        default: initial,
        description,
        ...(attribute ? { attribute } : {}),
      }));
      const attributes = rows
        .filter((row) => row.attribute)
        .map(({ name, type, default: initial, description, attribute }) => ({
          name: attribute,
          type,
          default: initial,
          description,
          fieldName: name,
        }));
      // After the private fields, where the analyzer put the decorated properties.
      const members = element.members ?? [];
      const firstPublic = members.findIndex(
        (member) => member.kind === 'field' && member.privacy !== 'private',
      );
      members.splice(firstPublic === -1 ? members.length : firstPublic, 0, ...fields);
      element.members = members;
      element.attributes = [...attributes, ...(element.attributes ?? [])];
    },
  };
}
