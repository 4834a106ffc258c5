import { higherIsBetter } from './metricDirection';

describe('higherIsBetter', () => {
  it('reads the direction from the name unless declared', () => {
    expect(higherIsBetter('auc')).toBe(true);
    expect(higherIsBetter('calibration_error')).toBe(false);
    expect(higherIsBetter('val-loss')).toBe(false);
    expect(higherIsBetter('MAPE')).toBe(false);
    expect(higherIsBetter('mape', true)).toBe(true);
  });
});
