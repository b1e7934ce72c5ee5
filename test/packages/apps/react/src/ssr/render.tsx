// Server rendering in Node, with the package's Node resolution: prints the HTML of <App> for the config in argv.
import { renderToString } from 'react-dom/server';
import { App, type AppConfig } from './App.js';

const config = JSON.parse(process.argv[2] ?? '{}') as AppConfig;
process.stdout.write(renderToString(<App config={config} />));
