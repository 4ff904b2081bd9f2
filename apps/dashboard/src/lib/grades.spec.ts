import { DEFAULT_SETTINGS } from '@lead-scoring/contracts';
import { allGrades, gradeGrid, gradeLabels, gradeTone, heatLevel, splitGrade } from './grades';

describe('grade labels', () => {
  it('reads the labels best first and combines them', () => {
    const labels = gradeLabels({ fit: [{ label: 'C', min: 0 }, { label: 'A', min: 60 }, { label: 'B', min: 30 }], engagement: DEFAULT_SETTINGS.grades.engagement });
    expect(labels).toEqual({ fit: ['A', 'B', 'C'], engagement: ['1', '2', '3'] });
    expect(allGrades(labels)).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'C1', 'C2', 'C3']);
    expect(gradeLabels(undefined)).toEqual({ fit: ['A', 'B', 'C'], engagement: ['1', '2', '3'] });
  });

  it('splits a grade on the longest fit label that prefixes it', () => {
    expect(splitGrade('A1', ['A', 'B'])).toEqual({ fit: 'A', engagement: '1' });
    expect(splitGrade('AAB2', ['A', 'AA'])).toEqual({ fit: 'AA', engagement: 'B2' });
    expect(splitGrade('Z1', ['A'])).toBeNull();
  });

  it('tones a grade by its fit band', () => {
    expect(gradeTone('A3')).toBe('best');
    expect(gradeTone('B1')).toBe('middle');
    expect(gradeTone('C1')).toBe('low');
    expect(gradeTone('Q1')).toBe('unknown');
    expect(gradeTone('')).toBe('unknown');
  });
});

describe('gradeGrid', () => {
  it('lays the counts out as rows of fit and columns of engagement, zero where missing', () => {
    const grid = gradeGrid({
      fit_labels: ['A', 'B'],
      engagement_labels: ['1', '2'],
      items: [
        { grade: 'A1', fit: 'A', engagement: '1', count: 3 },
        { grade: 'B2', fit: 'B', engagement: '2', count: 7 },
        { grade: 'A2', fit: 'A', engagement: '2', count: 0 },
      ],
    });
    expect(grid.rows).toEqual([
      { fit: 'A', cells: [{ grade: 'A1', engagement: '1', count: 3 }, { grade: 'A2', engagement: '2', count: 0 }] },
      { fit: 'B', cells: [{ grade: 'B1', engagement: '1', count: 0 }, { grade: 'B2', engagement: '2', count: 7 }] },
    ]);
    expect(grid.max).toBe(7);
    expect(grid.total).toBe(10);
  });
});

describe('heatLevel', () => {
  it('leaves empty cells unshaded and shades the others in proportion to the fullest', () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(1, 100)).toBe(1);
    expect(heatLevel(10, 10)).toBe(5);
    expect(heatLevel(5, 10)).toBe(3);
    expect(heatLevel(3, 0)).toBe(0);
  });
});
