// Pieces of the global set-up that need no mock: project selection, the CLI's key=value lines.
import { test, expect } from '@playwright/test';
import { mockKeyVariable, needsTarget, parseKeyValueLines, selectedProjects } from '../../harness/run/globalSetup';

test('project selection from the command line', () => {
  expect(selectedProjects(['node', 'playwright', 'test'])).toBeNull();
  expect(selectedProjects(['test', '--project=harness'])).toEqual(['harness']);
  expect(selectedProjects(['test', '--project', 'harness', 'contract', '--workers=1'])).toEqual(['harness', 'contract']);
  expect(selectedProjects(['test', '-p', 'mock'])).toEqual(['mock']);
  expect(needsTarget(['test'])).toBe(true);
  expect(needsTarget(['test', '--project=conformance'])).toBe(true);
  expect(needsTarget(['test', '--project=harness'])).toBe(false);
  expect(needsTarget(['test', '--project=*'])).toBe(true);
});

test("the mock CLI's announced variables and key names", () => {
  const vars = parseKeyValueLines('MOCK_URL=http://127.0.0.1:5\nMOCK_KEY_ORG_B=mk_b\nnoise\n  MOCK_FAULTS_ON=\n');
  expect(vars).toEqual({ MOCK_URL: 'http://127.0.0.1:5', MOCK_KEY_ORG_B: 'mk_b', MOCK_FAULTS_ON: '' });
  expect(mockKeyVariable('orgB')).toBe('MOCK_KEY_ORG_B');
  expect(mockKeyVariable('rateLimit')).toBe('MOCK_KEY_RATE_LIMIT');
  expect(mockKeyVariable('write')).toBe('MOCK_KEY_WRITE');
});
