def publish_if_no_approval_needed(resource, user):
    """Put a resource that needs no admin's approval live as its author saved it (ResourcePage.needs_approval).

    Returns whether it was published. Teachers may not publish pages (home migration 0003), so the school's rule
    stands in for the permission; anyone who may publish chose whether to, and is left to it.
    """
    if resource.needs_approval or resource.permissions_for_user(user).can_publish():
        return False
    resource.get_latest_revision().publish(user=user, skip_permission_checks=True)
    return True
