// What a command file exports. What commands receive from the extension is in ../services.ts.
import type { Image } from '../../core/api/types';
import type { ImageAction } from '../../core/model/imageActions';
import type { CommandName } from '../ids';
import type { Targets } from '../images/imageTargets';
import type { ExtensionServices } from '../services';

interface CommandBase {
  /** Without the namespace (see ../ids.ts, which lists them all). */
  id: CommandName;
  /**
   * As in package.json, in the user's language; used in error messages ("Set API Token failed: …"). Defined as a
   * getter calling `l10n.t`, so it is translated when read: the translator is installed at activation, after imports.
   */
  readonly title: string;
}

/** A command that takes its arguments as VS Code passes them. */
export interface PlainCommand extends CommandBase {
  targets?: undefined;
  run(services: ExtensionServices, ...args: unknown[]): Promise<unknown>;
}

/**
 * Which images an image command acts on: those `action` applies to (core/model/imageActions.ts), from the clicked
 * row (and with `many`, the selected rows), the view's selection (a keybinding), or the palette's picker. The menus
 * test reads `action` to check that package.json offers the command on exactly those rows.
 */
export interface TargetDeclaration<Many extends boolean = boolean> {
  action: ImageAction;
  /** Several images at once (delete, copy id), or only the clicked / picked one. */
  many: Many;
  /** Title of the palette's picker, when it is not the command's title. */
  pickerTitle?: () => string;
}

/**
 * Arguments that are not images (a row of another view, a keybinding's on a selection of other rows): `run` gets
 * them as VS Code passes them.
 */
export interface OtherArguments {
  accepts(first: unknown, services: ExtensionServices): boolean;
  run(services: ExtensionServices, ...args: unknown[]): Promise<unknown>;
}

/** A command on one image: it runs only when there is one (runCommand.ts says why when there is none). */
export interface OneImageCommand extends CommandBase {
  targets: TargetDeclaration<false>;
  otherArguments?: OtherArguments;
  run(services: ExtensionServices, image: Image): Promise<unknown>;
}

/** A command on several images: it runs only when there is at least one; `skipped` are the selected others. */
export interface ManyImagesCommand extends CommandBase {
  targets: TargetDeclaration<true>;
  otherArguments?: OtherArguments;
  run(services: ExtensionServices, targets: Targets): Promise<unknown>;
}

export type ImageCommand = OneImageCommand | ManyImagesCommand;
export type CommandDefinition = PlainCommand | ImageCommand;

export function isImageCommand(definition: CommandDefinition): definition is ImageCommand {
  return definition.targets !== undefined;
}

export function actsOnMany(definition: ImageCommand): definition is ManyImagesCommand {
  return definition.targets.many;
}
