import type { Status, Subscription } from '../../contract/schemas.js';
import {
  buildTrayModel,
  type EnginePhase,
  type TrayModel,
  type TrayModelOptions,
  type TrayState,
} from './tray-model.js';

/**
 * Holds what the tray shows and re-renders it only when the resulting model changes (state pushes
 * arrive often; most do not change the menu). No timer: the engine's pushes drive it.
 */
export class TrayStateHolder {
  private state: TrayState = { engine: { phase: 'starting' }, subscriptions: [], launchAtLogin: false };
  private model: TrayModel;
  private rendered: string;

  constructor(
    private readonly render: (model: TrayModel) => void,
    private readonly options: TrayModelOptions = {},
  ) {
    this.model = buildTrayModel(this.state, options);
    this.rendered = JSON.stringify(this.model);
    this.render(this.model);
  }

  get current(): TrayModel {
    return this.model;
  }

  setEngine(engine: EnginePhase): void {
    this.update({ engine });
  }

  setStatus(status: Status): void {
    this.update({ engine: { phase: 'running', status } });
  }

  setSubscriptions(subscriptions: readonly Subscription[]): void {
    this.update({ subscriptions });
  }

  setLaunchAtLogin(launchAtLogin: boolean): void {
    this.update({ launchAtLogin });
  }

  private update(patch: Partial<TrayState>): void {
    this.state = { ...this.state, ...patch };
    const model = buildTrayModel(this.state, this.options);
    const json = JSON.stringify(model);
    if (json === this.rendered) return;
    this.model = model;
    this.rendered = json;
    this.render(model);
  }
}
