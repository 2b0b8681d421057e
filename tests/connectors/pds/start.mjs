// Starts the AT Protocol reference network on loopback for SafePost's Bluesky connector tests
// and prints one JSON line on stdout: {"pds": URL, "plc": URL, "appview": URL or null}.
//
//   node start.mjs            TestNetworkNoAppView: PDS + PLC only, no services needed (~2 s)
//   node start.mjs --appview  TestNetwork: adds the Bluesky AppView (threads, notifications);
//                             needs DB_POSTGRES_URL and REDIS_HOST in the environment
//
// Packages are resolved from SAFEPOST_PDS_MODULES (default: <repo>/.cache/pds/node_modules),
// where scripts/setup.d/20-bluesky-pds.sh installs them. The network shuts down on SIGTERM,
// SIGINT, or when stdin closes (so it never outlives the test run that started it).
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const modules =
  process.env.SAFEPOST_PDS_MODULES ||
  path.resolve(here, '..', '..', '..', '.cache', 'pds', 'node_modules')
const require = createRequire(path.join(modules, 'noop.js'))
const devEnv = await import(pathToFileURL(require.resolve('@atproto/dev-env')).href)

const withAppView = process.argv.includes('--appview')
let net
let schemas = []
if (withAppView) {
  // PostgreSQL schema names here may hold only letters and '_'. Each run gets its own three
  // schemas (appview_, bsync_, ozone_ + the name), dropped again at shutdown.
  const schema = 'safepost_' + randomLetters(12)
  schemas = ['appview_', 'bsync_', 'ozone_'].map((p) => p + schema)
  try {
    net = await devEnv.TestNetwork.create({ dbPostgresSchema: schema })
  } catch (err) {
    await dropSchemas()
    throw err
  }
} else {
  net = await devEnv.TestNetworkNoAppView.create({})
}

let closing = false
async function shutdown(code) {
  if (closing) return
  closing = true
  try {
    await net.close()
  } catch (err) {
    console.error('close failed:', err && err.message)
  }
  await dropSchemas()
  process.exit(code)
}
process.on('SIGTERM', () => shutdown(0))
process.on('SIGINT', () => shutdown(0))
process.stdin.on('end', () => shutdown(0))
process.stdin.on('error', () => shutdown(0))
process.stdin.resume()

process.stdout.write(
  JSON.stringify({
    pds: net.pds.url,
    plc: net.plc.url,
    appview: withAppView ? net.bsky.url : null,
  }) + '\n',
)

async function dropSchemas() {
  if (!schemas.length) return
  const pg = require('pg')
  const client = new pg.Client({ connectionString: process.env.DB_POSTGRES_URL })
  try {
    await client.connect()
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
  } catch (err) {
    console.error('could not drop test schemas:', err && err.message)
  } finally {
    await client.end().catch(() => {})
  }
}

function randomLetters(n) {
  const abc = 'abcdefghijklmnopqrstuvwxyz'
  let s = ''
  for (let i = 0; i < n; i++) s += abc[Math.floor(Math.random() * abc.length)]
  return s
}
