// The one list of commands the extension registers.
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { changeGroupingCommand } from './changeGrouping';
import { changeSortingCommand } from './changeSorting';
import type { CommandDefinition } from './command';
import { refreshCommand, reloadAllCommand } from './refresh';
import { registerCommand } from './runCommand';
import { setApiTokenCommand } from './setApiToken';
import { signInCommand } from './signIn';
import { signOutCommand } from './signOut';
import { switchAccountCommand } from './switchAccount';
import { useCliAccountCommand } from './useCliAccount';
import { showLogCommand } from './showLog';
// Image operations
import { captureImageCommand } from './captureImage';
import { clearFilterCommand } from './clearFilter';
import { copyImageAsCommand } from './copyImageAs';
import { copyImageIdCommand } from './copyImageId';
import { deleteImagesCommand } from './deleteImages';
import { editImageDescriptionCommand } from './editImageDescription';
import { editImageTagsCommand } from './editImageTags';
import { filterImagesCommand } from './filterImages';
import { manageImageRegionsCommand } from './manageImageRegions';
import { openInCloudManagerCommand } from './openInCloudManager';
import { renameImageCommand } from './renameImage';
import { showImageDetailsCommand } from './showImageDetails';
// Sharing
import { createShareGroupCommand, deleteShareGroupCommand, editShareGroupCommand, refreshShareGroupsCommand, useApiV4betaCommand } from './shareGroups';
import { joinShareGroupCommand, leaveShareGroupCommand } from './joinShareGroup';
import { addShareGroupMemberCommand, copyShareGroupIdCommand, removeShareGroupMemberCommand, renameShareGroupMemberCommand } from './shareGroupMembers';
import { shareImageCommand } from './shareImage';
import { stopSharingImageCommand } from './stopSharingImage';
// Deploy
import { connectWithRemoteSshCommand } from './connectWithRemoteSsh';
import { copyRootPasswordCommand } from './copyRootPassword';
import { copySshCommandCommand } from './copySshCommand';
import { deleteTrialLinodeCommand } from './deleteTrialLinode';
import { deployImageCommand } from './deployImage';
import { rebuildLinodeCommand } from './rebuildLinode';
import { tryImageCommand } from './tryImage';
// Upload
import { cancelUploadCommand } from './cancelUpload';
import { uploadFileCommand } from './uploadFile';
import { uploadImageCommand } from './uploadImage';

export const COMMANDS: readonly CommandDefinition[] = [
  signInCommand,
  setApiTokenCommand,
  switchAccountCommand,
  useCliAccountCommand,
  signOutCommand,
  refreshCommand,
  reloadAllCommand,
  changeGroupingCommand,
  changeSortingCommand,
  showLogCommand,
  renameImageCommand,
  editImageDescriptionCommand,
  editImageTagsCommand,
  deleteImagesCommand,
  manageImageRegionsCommand,
  captureImageCommand,
  showImageDetailsCommand,
  copyImageIdCommand,
  openInCloudManagerCommand,
  copyImageAsCommand,
  filterImagesCommand,
  clearFilterCommand,
  shareImageCommand,
  stopSharingImageCommand,
  createShareGroupCommand,
  editShareGroupCommand,
  deleteShareGroupCommand,
  refreshShareGroupsCommand,
  useApiV4betaCommand,
  addShareGroupMemberCommand,
  renameShareGroupMemberCommand,
  removeShareGroupMemberCommand,
  copyShareGroupIdCommand,
  joinShareGroupCommand,
  leaveShareGroupCommand,
  uploadImageCommand,
  uploadFileCommand,
  cancelUploadCommand,
  deployImageCommand,
  rebuildLinodeCommand,
  tryImageCommand,
  deleteTrialLinodeCommand,
  copySshCommandCommand,
  copyRootPasswordCommand,
  connectWithRemoteSshCommand,
];

export function registerCommands(services: ExtensionServices): vscode.Disposable[] {
  return COMMANDS.map((definition) => registerCommand(definition, services));
}
