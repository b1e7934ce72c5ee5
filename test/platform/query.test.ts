/** The query endpoint's SQL subset: parsing, evaluation, limits and refusals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG_MODELS, MODEL_IDS } from '../../demo/platform/catalog.js';
import { generateModel } from '../../demo/platform/models/generate.js';
import {
  formatRows,
  parseQuery,
  QuerySyntaxError,
  QueryTimeoutError,
  runQuery,
} from '../../demo/platform/query.js';

const elements = generateModel(CATALOG_MODELS.find((m) => m.id === MODEL_IDS.smallOffice)!).elements;

function run(sql: string) {
  return runQuery(parseQuery(sql), elements);
}

describe('query subset', () => {
  it('selects columns by "Group:Name" with aliases, filtered with =', () => {
    const rows = run(
      `SELECT "Element:Name" AS "Name", "Materials:Material" FROM ModelDatabase WHERE "IFC:Type" = 'IfcWindow'`,
    );
    assert.ok(rows.length > 0);
    assert.equal(rows.length, elements.filter((e) => e.ifcType === 'IfcWindow').length);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row), ['Name', 'Materials:Material']);
      assert.equal(row['Materials:Material'], 'Glass');
    }
  });

  it('selects * as the built-in columns plus every property', () => {
    const [row] = run(`SELECT * FROM ModelDatabase WHERE ElementIndex = 0`);
    assert.equal(row!.ElementIndex, 0);
    assert.equal(row!.ElementId, elements[0]!.elementId);
    assert.equal(row!['IFC:Type'], elements[0]!.ifcType);
    assert.equal(row!['Constraints:Level'], 'Level 0');
  });

  it('supports <> and !=, IN and NOT IN, > < >= <=, AND, LIMIT', () => {
    const notWalls = run(`SELECT ElementIndex FROM ModelDatabase WHERE "IFC:Type" <> 'IfcWall'`);
    assert.equal(notWalls.length, elements.filter((e) => e.ifcType !== 'IfcWall').length);
    assert.equal(
      run(`SELECT ElementIndex FROM ModelDatabase WHERE "IFC:Type" != 'IfcWall'`).length,
      notWalls.length,
    );

    const structure = run(
      `SELECT ElementIndex FROM ModelDatabase WHERE "IFC:Type" IN ('IfcColumn', 'IfcBeam')`,
    );
    assert.equal(
      structure.length,
      elements.filter((e) => e.ifcType === 'IfcColumn' || e.ifcType === 'IfcBeam').length,
    );
    const others = run(
      `SELECT ElementIndex FROM ModelDatabase WHERE "IFC:Type" NOT IN ('IfcColumn', 'IfcBeam')`,
    );
    assert.equal(structure.length + others.length, elements.length);

    const tall = run(
      `SELECT "Dimensions:Height" AS h FROM ModelDatabase WHERE "Dimensions:Height" > 3 AND "IFC:Type" = 'IfcColumn'`,
    );
    assert.ok(tall.length > 0 && tall.every((row) => (row.h as number) > 3));
    const range = run(
      `SELECT ElementIndex FROM ModelDatabase WHERE ElementIndex >= 10 AND ElementIndex < 20`,
    );
    assert.deepEqual(
      range.map((r) => r.ElementIndex),
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    );
    assert.equal(run(`SELECT ElementIndex FROM ModelDatabase WHERE ElementIndex <= 4 LIMIT 2`).length, 2);
    assert.equal(
      run(`SELECT ElementIndex FROM ModelDatabase WHERE "IFC:Type" = 'IfcSlab' LIMIT 0`).length,
      0,
    );
  });

  it('reads what the SDK\'s PropertyFilter/PropertySelector write: CAST, LIKE, IS NULL, "quoted" IN items', () => {
    const cast = run(
      `SELECT CAST("Dimensions:Height" AS FLOAT) AS "Height" FROM ModelDatabase WHERE CAST("Dimensions:Height" AS FLOAT) > 3.2 LIMIT 5`,
    );
    assert.ok(cast.length > 0 && cast.every((row) => typeof row.Height === 'number' && row.Height > 3.2));
    const like = run(`SELECT "Element:Name" FROM ModelDatabase WHERE "Element:Name" LIKE 'office col%'`);
    assert.equal(like.length, elements.filter((e) => e.ifcType === 'IfcColumn').length);
    assert.equal(run(`SELECT * FROM ModelDatabase WHERE "Pset:Unknown" IS NULL`).length, elements.length);
    assert.equal(run(`SELECT * FROM ModelDatabase WHERE "IFC:Type" IS NOT NULL`).length, elements.length);
    assert.ok(run(`SELECT * FROM ModelDatabase WHERE "IFC:Type" IN ("IfcRoof")`).length > 0);
  });

  it('matches an unqualified column by property name, keywords in any case, and reads unknown columns as NULL', () => {
    assert.ok(run(`select Name from modeldatabase where Level = 'Roof' limit 1;`).length === 1);
    const [row] = run(`SELECT "Pset:Nothing", Material FROM ModelDatabase WHERE Type = 'IfcRoof'`);
    assert.deepEqual({ ...row }, { 'Pset:Nothing': null, Material: 'Roofing' });
    assert.equal(run(`SELECT * FROM ModelDatabase WHERE "Pset:Nothing" = 'x'`).length, 0);
  });

  it('compares numbers numerically and text as text', () => {
    assert.equal(run(`SELECT * FROM ModelDatabase WHERE ElementIndex = '5'`).length, 1);
    assert.equal(run(`SELECT * FROM ModelDatabase WHERE "Element:Name" > 5`).length, 0);
    assert.equal(
      run(`SELECT * FROM ModelDatabase WHERE "Element:Name" = 'office window l0-01'`).length,
      0,
      '= is case-sensitive',
    );
  });

  it('keeps a hostile alias as a plain key', () => {
    const [row] = run(`SELECT ElementIndex AS "__proto__" FROM ModelDatabase LIMIT 1`);
    assert.equal(Object.keys(row!).length, 1);
    assert.equal(JSON.stringify(row), '{"__proto__":0}');
  });

  it('formats rows as newline-delimited JSON, and no rows as []', () => {
    assert.equal(formatRows([{ a: 1 }, { a: 2 }]), '{"a":1}\n{"a":2}');
    assert.equal(formatRows([]), '[]');
  });

  it('refuses what it does not support with a syntax error, never echoing the query', () => {
    const bad = [
      '',
      'DELETE FROM ModelDatabase',
      'SELECT * FROM Users',
      'SELECT * FROM ModelDatabase WHERE',
      `SELECT * FROM ModelDatabase WHERE "IFC:Type" = 'IfcWall' OR ElementIndex = 1`,
      `SELECT * FROM ModelDatabase WHERE ("IFC:Type" = 'IfcWall')`,
      'SELECT COUNT("IFC:Type") FROM ModelDatabase',
      'SELECT * FROM ModelDatabase WHERE ElementIndex BETWEEN 1 AND 2',
      'SELECT * FROM ModelDatabase LIMIT -1',
      'SELECT * FROM ModelDatabase LIMIT 1.5',
      `SELECT * FROM ModelDatabase WHERE Name = 'unterminated`,
      'SELECT * FROM ModelDatabase WHERE Name = <script>',
      'SELECT * FROM ModelDatabase; DROP TABLE x',
      `SELECT CAST(Name AS TIMESTAMP) FROM ModelDatabase`,
      `SELECT * FROM ModelDatabase WHERE ${'a = 1 AND '.repeat(2000)}a = 1`,
    ];
    for (const sql of bad) {
      assert.throws(
        () => parseQuery(sql),
        (error: unknown) =>
          error instanceof QuerySyntaxError &&
          !error.message.includes('<script>') &&
          !error.message.includes('DROP'),
        sql.slice(0, 60),
      );
    }
  });

  it('stops at the deadline', () => {
    const query = parseQuery('SELECT * FROM ModelDatabase');
    assert.throws(() => runQuery(query, elements, { deadline: performance.now() - 1 }), QueryTimeoutError);
  });
});

describe('query result size', () => {
  it('stops as soon as the formatted rows pass maxLength', async () => {
    const { QueryTooLargeError } = await import('../../demo/platform/query.js');
    const query = parseQuery('SELECT * FROM ModelDatabase');
    assert.throws(() => runQuery(query, elements, { maxLength: 1000 }), QueryTooLargeError);
    assert.equal(runQuery(query, elements, { maxLength: 10_000_000 }).length, elements.length);
  });
});
