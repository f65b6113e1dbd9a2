/**
 * The only bridge between the untrusted renderer and the app: one function that sends a method
 * name, its input and the session meta to the main process. Everything else stays unreachable.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('station', {
  call: (method: unknown, input: unknown, meta: unknown) => {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke('station:call', method, input, meta);
  },
});
