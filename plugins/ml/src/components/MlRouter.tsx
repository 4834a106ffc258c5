import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { Route, Routes } from 'react-router-dom';
import { ComparePage } from './ComparePage';
import { HomePage } from './HomePage';
import { KpiPage } from './KpiPage';
import { MarketplacePage } from './MarketplacePage';

/**
 * The plugin's pages under its mount point: `/`, `/compare?refs=…`, `/kpis`
 * and `/home` (the ML home: a portal's start page can lead there).
 * The adapter gives the new frontend system's page its React Router context;
 * in the legacy app and in tests it renders its children untouched.
 */
export function MlRouter() {
  return (
    <ReactRouterV6PageRouter>
      <Routes>
        <Route path="/" element={<MarketplacePage />} />
        <Route path="/compare" element={<ComparePage />} />
        <Route path="/kpis" element={<KpiPage />} />
        <Route path="/home" element={<HomePage />} />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
