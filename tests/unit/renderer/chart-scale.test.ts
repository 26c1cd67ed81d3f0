import { describe, expect, it } from 'vitest';
import { spreadLabels } from '../../../desktop/renderer/src/ui/chart/scale';

describe('spreading chart labels', () => {
  it('leaves labels that are far enough apart where they are', () => {
    expect(spreadLabels([40, 100, 160], 13, 0)).toEqual([40, 100, 160]);
  });

  it('moves labels of equal values up from the lowest, keeping their order', () => {
    expect(spreadLabels([200, 200], 13, 0)).toEqual([187, 200]);
  });

  it('moves a label up only as far as the one below it needs', () => {
    // 100 and 105 are too close; 40 is far enough from the moved 92.
    expect(spreadLabels([105, 40, 100], 13, 0)).toEqual([105, 40, 92]);
  });

  it('pushes a chain of close labels up, then back down below the top', () => {
    expect(spreadLabels([12, 14, 16], 13, 12)).toEqual([12, 25, 38]);
  });

  it('places nothing for no labels', () => {
    expect(spreadLabels([], 13, 0)).toEqual([]);
  });
});
