import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/i18n.js';
import './app/global.css';
import { App } from './app/App.js';
import { keepEnterInPickers } from './app/pickerEnter.js';

keepEnterInPickers();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
