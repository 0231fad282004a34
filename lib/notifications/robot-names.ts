/**
 * The team robot kinds, alone in a module: emitters (ingest worker, scanner) address a message to
 * each kind without bundling any robot's sender (lib/notifications/robots/).
 */
export const ROBOT_NAMES = ['wecom', 'dingtalk', 'feishu', 'slack'] as const;
export type RobotName = (typeof ROBOT_NAMES)[number];
