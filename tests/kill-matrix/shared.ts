// What the kill-matrix project's files share: where the matrix is written, and the tag of this
// Playwright run (every worker of one run has the runner as parent), so a baseline left by an
// earlier run is never read as this run's.
export const KILL_MATRIX_DIR = 'reports/kill-matrix';
export const BASELINE_RUNNER = `playwright-${process.ppid}`;
