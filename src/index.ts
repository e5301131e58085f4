// The package's main entry: the runtime-free core.
import './supportedNode.ts'
import './http/mswDoor.ts'
export { createEmulator, type Emulator, type EmulatorOptions, type EmulatorSnapshot } from './emulator.ts'
export { createClock, type Clock, type ClockOptions } from './clock.ts'
export type { Principal, AuthOption } from './auth.ts'
export type { KubeObject, ObjectMeta, ResourceDefinition, Endpoint } from './kube/resource.ts'
export type { Status } from './kube/status.ts'
export type { JournalEntry } from './journal.ts'
export type { ApiRequest } from './http/apiRequest.ts'
export { toResponse, type Answer, type AnswerBody, type ConnectionFault } from './http/answer.ts'
export { defineScenario, type Scenario } from './scenarios/scenario.ts'
export { ScenarioError } from './scenarios/parseScenario.ts'
export type { PlayHandle, StepReport } from './scenarios/engine.ts'
export type { FixtureSource } from './fixtures.ts'
export type { Image, ImageLayer, ImageManifest, ImageSignature } from './openshift/image.ts'
export type { ImageSnapshot, ImageSnapshotSpec, ImageSnapshotStatus } from './cci/imageSnapshot.ts'
export type { GlanceImage } from './glance/image.ts'

// Types the ones above mention (options, accessors, objects), so that they can be named and are documented.
export type { ClockMode } from './clock.ts'
export type { Journal } from './journal.ts'
export type { Inspector } from './inspector/inspector.ts'
export type { InspectorState, InspectedKind, InspectedObject, InspectedRequest, InspectedScenario, InspectedWatch } from './inspector/inspectorView.ts'
export type { WatchReceipt } from './kube/watchReceipts.ts'
export type { WatchEventType } from './kube/watchHub.ts'
export type { StatusDetails } from './kube/status.ts'
export type { FieldError, FieldErrorType, StatusCause } from './kube/fieldErrors.ts'
export type { KubeOptions, ResourceAccess } from './kube/kubeApis.ts'
export type { FetchFunction } from './http/fetchDoor.ts'
export type { PlayOptions, ScenarioEngine } from './scenarios/engine.ts'
export type { ScenarioFormat } from './scenarios/parseScenario.ts'
export type {
  IdentityConfig,
  IdentityApplicationCredentialConfig,
  IdentityAssignmentConfig,
  IdentityCatalogServiceConfig,
  IdentityDomainConfig,
  IdentityProjectConfig,
  IdentityFixedTokenConfig,
  IdentityUserConfig,
} from './identity/identityConfig.ts'
export type { Domain, Project, Role, User } from './identity/identityDirectory.ts'
export type { IdentityAccess, IdentityAction } from './identity/api.ts'
export type { OpenShiftAccess } from './openshift/api.ts'
export type { ConditionStatus, DockerConfig, DockerImageMetadata, SignatureCondition, SignatureConditionType, SignatureIssuer, SignatureSubject } from './openshift/imageTypes.ts'
export type { CciAccess } from './cci/api.ts'
export type { AutoCreateEIPAttribute, BuildingConfig, ImageReference, PulledImage, Registry } from './cci/imageSnapshotTypes.ts'
export type { ImageSnapshotLifecycleConfig, ImageSnapshotLifecycleOverride, ImageSnapshotLifecycleSettings, ImageSnapshotOutcome } from './cci/imageSnapshotLifecycle.ts'
export type { ImageSnapshotFailure } from './cci/imageSnapshotReport.ts'
export type { GlanceAction } from './glance/api.ts'
export type { GlanceOptions, GlanceStore, WebDownloadSource } from './glance/options.ts'
export type { GlanceFixture } from './glance/fixtures.ts'
export type { GlanceMember } from './glance/members.ts'
export type { ByteRange } from './glance/imageData.ts'
export type { GlanceLifecycleOptions } from './glance/lifecycle.ts'
export type { ImageLocation, ImageVisibility } from './glance/image.ts'
export type { DataResponse, ImageList } from './glance/glanceService.ts'
export type { CachedImage } from './glance/imageCache.ts'
export type { ImageAction } from './glance/images.ts'
export type { ConsoleOptions, EmulatorConsole } from './runtimes/emulatorConsole.ts'
