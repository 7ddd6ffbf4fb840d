import { render } from 'preact';
import { App } from './app.js';
import { lang } from './lib/i18n.js';
import { restore } from './lib/session.js';
import './styles.css';

document.documentElement.lang = lang();
void restore();
render(<App />, document.getElementById('app')!);
