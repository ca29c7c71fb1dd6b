export { currentVersion, planAtVersion, planVersions } from '../../core/config/versions.ts';
export { type MigrationFailure, type MigrationRun, migratePlan } from './migrate.ts';
export { DEFAULT_MIGRATION_RATE, type MigrationPace, type MigrationProgress } from './migration-pace.ts';
export type { PlanMigrationInput, PlanMigrationSpec } from './migration-targets.ts';
export { type MigrationPreview, type MigrationPreviewLine, previewPlanMigration } from './preview-migration.ts';
