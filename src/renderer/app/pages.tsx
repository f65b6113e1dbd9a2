/**
 * The app's pages, each loaded when first shown: the first screen (login) loads only the frame of
 * the app, and each zone's code and libraries (charts, spreadsheets, the roster) come with it.
 * The zones' own pages are declared lazily in their manifests (`<zone>/zone.tsx`) with `lazyPage`.
 */
import { Spin } from 'antd';
import { lazy, Suspense, type ComponentProps, type ComponentType } from 'react';

const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin />
  </div>
);

/**
 * A page of a module that exports it by name, loaded on first render with a spinner in its own
 * place (the frame around it stays); its props stay typed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const lazyPage = <M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K) => {
  const Lazy = lazy(async () => ({ default: (await load())[name] }));
  const Page = (props: ComponentProps<M[K]>) => (
    <Suspense fallback={<Loading />}>
      <Lazy {...props} />
    </Suspense>
  );
  return Page;
};

export const Frame = lazyPage(() => import('./Frame.js'), 'Frame');
export const HomePage = lazyPage(() => import('./HomePage.js'), 'HomePage');
export const SetupPage = lazyPage(() => import('../station/SetupPage.js'), 'SetupPage');
