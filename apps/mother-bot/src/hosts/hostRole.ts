import { totalmem } from 'node:os';
import { checkFencingTimings, DEFAULT_FENCING, type AppConfig, type FencingTimings, type Logger, type PlatformModels } from '@motherbot/core';
import type { CloneManager } from '../cloneManager/cloneManager';
import { Coordinator } from './coordinator';
import { HostAgent } from './hostAgent';
import { HostPlacementView } from './hostPlacementView';

/** This host's part in a multi-host platform: its beat, its view of its placements, its coordinator. */
export interface HostRole {
  agent: HostAgent;
  placements: HostPlacementView;
  coordinator: Coordinator;
  timings: FencingTimings;
}

/** The memory this host gives its clones: HOST_CAPACITY_MEMORY_MB, or 80% of the machine's. */
export function hostMemoryMB(config: AppConfig): number {
  return config.hostCapacityMemoryMb > 0 ? config.hostCapacityMemoryMb : Math.floor((totalmem() / 1024 / 1024) * 0.8);
}

/**
 * Builds the host role for HOST_ID (undefined without one: the one-host mode). The agent's
 * fencing stops this host's workers through the clone manager, which is given later
 * (`attach`): the manager needs the placements view to exist first.
 */
export function createHostRole(config: AppConfig, models: PlatformModels, logger: Logger, timings: FencingTimings = DEFAULT_FENCING): (HostRole & { attach(manager: CloneManager): void }) | undefined {
  if (!config.hostId) return undefined;
  checkFencingTimings(timings);
  let manager: CloneManager | undefined;
  const agent = new HostAgent(
    models.Host,
    { hostId: config.hostId, capacityClones: config.hostCapacityClones, capacityMemoryMB: hostMemoryMB(config), draining: config.hostDrain },
    timings,
    logger,
    {
      onFenced: () => void manager?.stopAllWorkers().catch((error: unknown) => logger.error('stopping the workers of a fenced host failed', { error })),
      onUnfenced: () => void manager?.reconcileNow(),
      onPlacementsChanged: () => void manager?.reconcileNow(),
    },
  );
  const placements = new HostPlacementView(models, agent, timings);
  const coordinator = new Coordinator({ config, models, logger, hostId: config.hostId, timings });
  return {
    agent,
    placements,
    coordinator,
    timings,
    attach(m) {
      manager = m;
    },
  };
}
