import { Route, Routes } from 'react-router-dom';
import { ComparePage } from './ComparePage';
import { KpiPage } from './KpiPage';
import { MarketplacePage } from './MarketplacePage';

/** The plugin's pages under its mount point: `/`, `/compare?refs=…`, `/kpis`. */
export function MlRouter() {
  return (
    <Routes>
      <Route path="/" element={<MarketplacePage />} />
      <Route path="/compare" element={<ComparePage />} />
      <Route path="/kpis" element={<KpiPage />} />
    </Routes>
  );
}
