// The dataframe peers of issue 14, as a user writes them in Node: Polars and DuckDB.
//
//   node node_peer.mjs LIB OP IN OUT    LIB: polars | duckdb; OP: relu | leaky_relu (alpha 0.01)
//                                       IN/OUT: CSV files; a first line that is not numbers is a header
//
// polars (nodejs-polars): readCSV, every column cast to Float32, when/then/otherwise, writeCSV.
// duckdb (@duckdb/node-api): read_csv, every column CAST to FLOAT, CASE, COPY ... TO.
// Both are installed by run.py into bench/node_modules. Exit 3 when LIB cannot be loaded.
import { closeSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const [lib, op, src, dst] = process.argv.slice(2);
if (!["relu", "leaky_relu"].includes(op) || !src || !dst) {
  console.error("usage: node node_peer.mjs polars|duckdb relu|leaky_relu IN OUT");
  process.exit(2);
}

// The header rule of peer.py: a first line that does not read as numbers.
function hasHeader(path) {
  const fd = openSync(path, "r");
  const start = Buffer.alloc(4096);
  const n = readSync(fd, start, 0, start.length, 0);
  closeSync(fd);
  const first = start.toString("utf8", 0, n).split("\n", 1)[0];
  return first.split(",").some((v) => v.trim() === "" || Number.isNaN(Number(v)));
}

function load(name) {
  try {
    return require(name);
  } catch (e) {
    console.error(`node_peer: cannot load ${name}: ${e.message.split("\n")[0]}`);
    process.exit(3);
  }
}

async function polars(header) {
  const pl = load("nodejs-polars");
  const df = pl.readCSV(src, { hasHeader: header });
  const x = (c) => pl.col(c).cast(pl.Float32);
  const zero = pl.lit(0).cast(pl.Float32);
  const out = df.select(
    ...df.columns.map((c) =>
      pl.when(x(c).lt(zero))
        .then(op === "relu" ? zero : x(c).mul(pl.lit(0.01).cast(pl.Float32)))
        .otherwise(x(c))
        .alias(c),
    ),
  );
  out.writeCSV(dst, { includeHeader: header });
}

async function duckdb(header) {
  const { DuckDBInstance } = load("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const quote = (s) => `'${s.replaceAll("'", "''")}'`;
  const x = "CAST(COLUMNS(*) AS FLOAT)";
  const negative = op === "relu" ? "CAST(0 AS FLOAT)" : `${x} * CAST(0.01 AS FLOAT)`;
  await connection.run(
    `COPY (SELECT CASE WHEN ${x} < 0 THEN ${negative} ELSE ${x} END ` +
      `FROM read_csv(${quote(src)}, header = ${header}, all_varchar = true)) ` +
      `TO ${quote(dst)} (FORMAT csv, HEADER ${header})`,
  );
}

const header = hasHeader(src);
await (lib === "polars" ? polars(header) : lib === "duckdb" ? duckdb(header) : Promise.reject(new Error(`unknown LIB ${lib}`)));
